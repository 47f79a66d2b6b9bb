import type { Viewer } from '../../src/access/viewer';
import { municipalityByCode } from '../../src/datasets/municipalities';

/**
 * Cognito group names → the app's roles. The same names are created by the
 * infra stack (`prefecture`, `promotion-team`, `municipality-<code>`). When a
 * user is in several groups the broadest wins; a user in two different
 * municipality groups is refused rather than guessed.
 */
export function viewerFromGroups(login: string, groups: readonly string[]): Viewer | undefined {
  if (groups.includes('prefecture')) return { role: 'prefecture', login };
  if (groups.includes('promotion-team')) return { role: 'promotion_team', login };
  const codes = groups
    .filter((g) => g.startsWith('municipality-'))
    .map((g) => g.slice('municipality-'.length))
    .filter((code) => municipalityByCode(code) !== undefined);
  const unique = [...new Set(codes)];
  if (unique.length !== 1) return undefined;
  return { role: 'municipality', municipalityCode: unique[0], login };
}
