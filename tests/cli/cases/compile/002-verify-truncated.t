A truncated snapshot is refused, saying what the header expected.
--- args
compile --verify @SRC@/fuzz/corpus/fuzz_snapshot_load/truncated-half.snap
--- stderr-contains
snapshot: the header at offset 16 says 19264 bytes, the file has 9632: truncated
--- exit
2
