import Testing

@Test func placeholderJourneyReportsTests() {}
