/**
 * Plain-language descriptions of the standard scopes (OpenID Connect Core §5.4, §11), as the
 * consent page shows them. Keys are scope names; anything not listed is shown as "Access to <scope>".
 */
export const scopeDescriptions: Readonly<Record<string, string>> = Object.freeze({
  openid: 'Confirm your identity',
  profile: 'Your name and profile details',
  email: 'Your e-mail address',
  phone: 'Your phone number',
  address: 'Your postal address',
  offline_access: "Stay signed in (access while you're away)",
  roles: 'Your roles',
  admin: 'Manage this sign-in service: its applications and users',
});

/**
 * Plain-language names of the standard claims (OpenID Connect Core §5.1), for individually requested
 * claims on the consent page. Unknown claims are shown by name.
 */
export const claimDescriptions: Readonly<Record<string, string>> = Object.freeze({
  sub: 'Your account identifier',
  name: 'Full name',
  given_name: 'First name',
  family_name: 'Last name',
  middle_name: 'Middle name',
  nickname: 'Nickname',
  preferred_username: 'Username',
  profile: 'Profile page',
  picture: 'Profile picture',
  website: 'Website',
  email: 'E-mail address',
  email_verified: 'Whether your e-mail address is verified',
  gender: 'Gender',
  birthdate: 'Date of birth',
  zoneinfo: 'Time zone',
  locale: 'Language and region',
  phone_number: 'Phone number',
  phone_number_verified: 'Whether your phone number is verified',
  address: 'Postal address',
  updated_at: 'When your profile was last updated',
});

/**
 * Describes one scope in words.
 *
 * @example
 * describeScope('email') // 'Your e-mail address'
 * describeScope('api:read') // 'Access to api:read'
 */
export function describeScope(scope: string, descriptions: Readonly<Record<string, string>> = scopeDescriptions): string {
  // Own properties only, so a scope named "constructor" or "__proto__" is not looked up on Object.prototype.
  return Object.hasOwn(descriptions, scope) ? (descriptions[scope] as string) : `Access to ${scope}`;
}

/** Describes one claim in words, falling back to its name. */
export function describeClaim(claim: string): string {
  return Object.hasOwn(claimDescriptions, claim) ? (claimDescriptions[claim] as string) : claim;
}
