// JourneyPipeline: see the module's types.
