/// The Segment e-commerce starter journey: the four funnel stages and the rules that name their events.
///
/// One text for the two configs that start from it: `journey init`'s generic starter and the
/// `journey.yaml` that `journey-datagen` writes next to its data. Each ends the awareness rule its own way.
package enum StarterJourney {
  /// The value of `stages:`, in funnel order.
  package static let stages = "[awareness, consideration, decision, purchase]"

  /// The items of a top-level `rules:` for purchase, decision and consideration (Segment's spec names),
  /// then the first line of the awareness rule; no newline after it.
  package static let rules = """
      - stage: purchase
        event: Order Completed
      - stage: decision
        event: [Product Added, Checkout Started]
      - stage: consideration
        event: [Product Viewed, Product List Viewed]
      - stage: awareness
    """
}
