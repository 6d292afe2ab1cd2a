--- args
hunt --snapshot @DATA@/logs/hunt.snap --log-format apache2 @DATA@/logs/squid.log
--- stderr-contains
unknown log format 'apache2'
--- exit
2
