/** The attacks the attacker child knows, one per class of the abuse suite. */
export type AttackName =
  | "ping-flood"
  | "settings-flood"
  | "rapid-reset"
  | "made-you-reset"
  | "window-update-flood"
  | "empty-data-flood"
  | "zero-length-messages"
  | "maximal-metadata"
  | "maximal-messages"
  | "slow-peers"
  | "garbage"
  | "churn"
  | "legitimate-canceller";
