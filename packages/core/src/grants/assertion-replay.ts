/**
 * Records a used assertion identifier (a JWT `jti`, a SAML assertion `ID`); resolves `true` on
 * its first use and `false` when it was seen before. `expiresAt` (epoch seconds) is when the
 * assertion stops being acceptable, so the record may expire then. Fits
 * `(id, expiresAt, issuer) => provider.ReplayDetection.unique(issuer, id, expiresAt)`.
 */
export type AssertionReplayCheck = (id: string, expiresAt: number, issuer: string) => Promise<boolean>;
