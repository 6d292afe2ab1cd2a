One flipped byte in the body loads (the header is sound) but fails the checksum.
--- args
compile --verify @SRC@/fuzz/corpus/fuzz_snapshot_load/body-flipped.snap
--- stderr-contains
does not match the header's 5a5c1eda51675a1f (offset 48): the file is damaged
--- exit
2
