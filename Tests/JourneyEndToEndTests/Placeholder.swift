import Testing

@Test func placeholderJourneyEndToEndTests() {}
