// JourneyParsing: see the module's types.
