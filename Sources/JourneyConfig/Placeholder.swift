// JourneyConfig: see the module's types.
