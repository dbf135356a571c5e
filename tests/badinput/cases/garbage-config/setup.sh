head -c 4096 /dev/zero | tr "\0" "\377" > .config; printf "\nCONFIG_A=\0y\n\x80\x81CONFIG_S=\"\\\\\n" >> .config; seq 1 500 | sha256sum >> .config
