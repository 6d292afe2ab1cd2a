enable, disable and policy name a stored list; an unknown name is exit 2.
--- setup
warninglist load @DATA@/warn/lists
--- args
warninglist enable no-such-list
--- stderr-contains
no warninglist named 'no-such-list'
--- exit
2
