// JourneyStages: see the module's types.
