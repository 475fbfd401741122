import JourneyModel
import Testing

/// XXH64 against the specification's vectors (seed 0) and against Spark: the values of
/// `xxhash64(k)` and `pmod(xxhash64(k), N)` printed by PySpark 4 in local mode (seed 42, UTF-8):
/// every length class of the algorithm (0, < 4, < 8, < 32, 32, > 32 bytes) and non-ASCII text.
@Suite struct XXHash64Tests {
  @Test(arguments: [
    ("", 0xEF46_DB37_51D8_E999 as UInt64), ("a", 0xD24E_C4F1_A98C_6E5B), ("abc", 0x44BC_2CF5_AD77_0999),
    ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1),
  ])
  func specificationVectors(text: String, hash: UInt64) {
    #expect(XXHash64.hash(text, seed: 0) == hash)
  }

  @Test(arguments: [
    ("", -7_444_071_767_201_028_348 as Int64, 3, 0), ("a", -8_582_455_328_737_087_284, 3, 0),
    ("u18070", -7_913_641_577_021_303_149, 2, 2), ("a18b9e59c9617", 8_566_941_588_658_489_528, 2, 1),
    ("user-ünïcode-€", 4_473_044_790_352_593_439, 5, 1),
    (String(repeating: "x", count: 31), -1_716_462_135_722_163_746, 0, 1),
    (String(repeating: "y", count: 32), 5_202_031_258_905_353_636, 1, 2),
    (String(repeating: "z", count: 100), -5_456_014_878_706_197_617, 0, 1),
  ])
  func sparksXXHash64AndPmod(key: String, spark: Int64, mod7: Int, mod3: Int) {
    #expect(Int64(bitPattern: XXHash64.hash(key, seed: XXHash64.sparkSeed)) == spark)
    var copy = key
    copy.withUTF8 { bytes in
      #expect(XXHash64.sparkPartition(UnsafeRawBufferPointer(bytes), of: 7) == mod7)
      #expect(XXHash64.sparkPartition(UnsafeRawBufferPointer(bytes), of: 3) == mod3)
      #expect(XXHash64.sparkPartition(UnsafeRawBufferPointer(bytes), of: 1) == 0)
    }
  }
}
