import Testing

@Test func placeholderJourneyParsingTests() {}
