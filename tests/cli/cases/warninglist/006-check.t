check classifies each value and prints the enabled lists it is on; exit 1 when some matched.
Networks contain addresses and narrower networks; host names match on label boundaries;
a URL's host and an e-mail's domain are checked too.
--- setup
warninglist load @DATA@/warn/lists
--- args
warninglist check 10.1.2.3 198.51.100.8 a.b.example.com xexample.com http://www.example.org/x bob@mailinator.com D41D8CD98F00B204E9800998ECF8427E 2001:db8::1 192.0.2.0/25 192.0.0.0/16
--- stdout
{"value":"10.1.2.3","type":"ipv4","warninglists":[{"name":"test-nets","policy":"warn","entry":"10.0.0.0/8"}]}
{"value":"198.51.100.8","type":"ipv4","warninglists":[]}
{"value":"a.b.example.com","type":"domain","warninglists":[{"name":"test-hosts","policy":"warn","entry":"example.com"}]}
{"value":"xexample.com","type":"domain","warninglists":[]}
{"value":"http://www.example.org/x","type":"url","warninglists":[{"name":"test-strings","policy":"warn","entry":"www.example.org"}]}
{"value":"bob@mailinator.com","type":"email","warninglists":[{"name":"test-subs","policy":"warn","entry":"mailinator"}]}
{"value":"d41d8cd98f00b204e9800998ecf8427e","type":"md5","warninglists":[{"name":"test-strings","policy":"warn","entry":"d41d8cd98f00b204e9800998ecf8427e"}]}
{"value":"2001:db8::1","type":"ipv6","warninglists":[{"name":"test-nets","policy":"warn","entry":"2001:db8::/32"}]}
{"value":"192.0.2.0/25","type":"cidr4","warninglists":[{"name":"test-nets","policy":"warn","entry":"192.0.2.0/24"}]}
{"value":"192.0.0.0/16","type":"cidr4","warninglists":[]}
--- exit
1
