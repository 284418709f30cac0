// Generated from the Wushe gateway's merged /openapi.json by `npm run generate`. Do not edit:
// regenerate instead (the staleness test fails when this file and the API differ).

/** Operations that declare an `Idempotency-Key` header: the client generates one for each call. */
export const IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set([
  "POST /v1/collaborations",
  "POST /v1/communities",
  "POST /v1/donations",
  "POST /v1/funds",
  "POST /v1/grants",
  "POST /v1/grants/{grant_id}/disbursements",
  "POST /v1/matches/{match_id}/service-records",
  "POST /v1/needs",
  "POST /v1/offers",
  "POST /v1/organizations",
  "POST /v1/pairings",
  "POST /v1/regions",
  "POST /v1/rounds",
  "POST /v1/social-workers",
  "POST /v1/transfers",
  "POST /v1/transfers/batch",
  "POST /v1/transfers/{transfer_id}/post",
  "POST /v1/transfers/{transfer_id}/void",
  "POST /v1/volunteers",
]);

/** The API version of the document these files were generated from. */
export const API_VERSION = "1.0.0";
