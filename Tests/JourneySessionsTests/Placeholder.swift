import Testing

@Test func placeholderJourneySessionsTests() {}
