A bad --now exits 2.
--- args
expire --now yesterday
--- stderr-contains
--now: expected RFC 3339 or Unix seconds
--- exit
2
