A disabled list does not match; enabling it again does; the policy is reported.
--- setup
warninglist load @DATA@/warn/lists
warninglist disable test-hosts
warninglist enable test-hosts
warninglist disable test-nets
warninglist policy test-hosts block
--- args
warninglist check --format text 10.9.9.9 www.example.com
--- stdout
www.example.com	test-hosts	block	example.com
--- exit
1
