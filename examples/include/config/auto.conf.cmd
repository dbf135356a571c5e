deps_config := \
	Kconfig.debug \
	drivers/Kconfig \
	Kconfig.general \
	Kconfig \

include/config/auto.conf: $(deps_config)

ifneq "$(ARCH)" "x86"
include/config/auto.conf: FORCE
endif

$(deps_config): ;
