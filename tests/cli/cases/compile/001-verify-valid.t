A valid snapshot is verified and described.
--- args
compile --verify @SRC@/fuzz/corpus/fuzz_snapshot_load/valid-2.snap
--- stdout-contains
valid-2.snap: ok
version 1, built 1710000000, 19264 bytes, checksum 5a5c1eda51675a1f
indicators 11, string bytes 225
  cidr4    2 records, 2 keys
  domain   3 records, 2 keys
--- exit
0
