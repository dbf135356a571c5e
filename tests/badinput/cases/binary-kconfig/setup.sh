head -c 2048 /dev/zero | tr "\0" "\377" >> Kconfig; printf "\0\1\2config\0B\n\x80\xfe\n" >> Kconfig; seq 1 300 | sha256sum | head -c 64 >> Kconfig
