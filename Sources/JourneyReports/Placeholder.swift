// JourneyReports: see the module's types.
