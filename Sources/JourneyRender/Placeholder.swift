// JourneyRender: see the module's types.
