import Testing

@Test func placeholderJourneyConfigTests() {}
