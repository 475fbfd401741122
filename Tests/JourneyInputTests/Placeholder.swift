import Testing

@Test func placeholderJourneyInputTests() {}
