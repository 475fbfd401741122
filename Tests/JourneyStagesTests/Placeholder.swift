import Testing

@Test func placeholderJourneyStagesTests() {}
