/*
 * Automatically generated file; DO NOT EDIT.
 * Example/x86 configuration
 */
#define CONFIG_DRIVERS 1
#define CONFIG_CC_OPTIMIZATION_FLAG "-O2"
#define CONFIG_PHYS_START 0x1000000
#define CONFIG_MODULES 1
#define CONFIG_DEFAULT_HOSTNAME "kforge-x86"
#define CONFIG_LOG_BUF_SHIFT 17
#define CONFIG_NET_CORE_MODULE 1
#define CONFIG_SMP 1
#define CONFIG_LOCALVERSION "-example"
#define CONFIG_NR_CPUS 64
#define CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE 1
#define CONFIG_64BIT 1
