A TLP that does not exist is refused.
--- args
compile --tlp-max purple
--- stderr-contains
kizashi compile: --tlp-max: expected clear, green, amber, amber+strict or red, found 'purple'
--- exit
2
