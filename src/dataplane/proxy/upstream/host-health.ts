/**
 * What a caller knows about one upstream host's health: ejected by outlier detection (and until when),
 * failing or pending active health checks. `/clusters` shows it as Envoy's health_flags.
 */
export class HostHealth {
  /** Outlier detection: 5xx (and connect failures) in a row, and the ejection in force. */
  consecutive5xx = 0;
  ejectedUntil = 0;
  timesEjected = 0;
  /** Active health checking: absent when the cluster has none. */
  activeCheck: "pending" | "healthy" | "failed" | undefined;
  checksPassed = 0;
  checksFailed = 0;

  get ejected(): boolean {
    return this.ejectedUntil > 0;
  }

  get usable(): boolean {
    return !this.ejected && (this.activeCheck === undefined || this.activeCheck === "healthy");
  }

  /** Envoy's health_flags text. */
  flags(): string {
    let flags = "";
    if (this.activeCheck === "failed" || this.activeCheck === "pending") flags += "/failed_active_hc";
    if (this.activeCheck === "pending") flags += "/pending_active_hc";
    if (this.ejected) flags += "/failed_outlier_check";
    return flags || "healthy";
  }
}
