"""The register screens: browse the whole voter register, and import a register file with a wizard."""
