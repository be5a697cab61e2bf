/**
 * The city's own staff sign in with the city's directory as an office's staff do: the office's module
 * (@junban/server/directory), with the city's roles, its settings named CITY_LDAP_*, CITY_OIDC_* and
 * CITY_DIRECTORY_*, and the city's staff store. Local accounts (made with the city's CLI) stay for emergencies.
 */
import type { CityPrincipal, CityRole } from '@junban/protocol';
import type { Directory } from '@junban/server/directory/directory';
import { directoryFromEnv, type DirectorySettings } from '@junban/server/directory/settings';

/** From least to most: someone in a manager's group and an admin's group is a city admin. */
export const CITY_ROLE_RANK = ['city-manager', 'city-admin'] as const satisfies readonly CityRole[];

export type CityDirectorySettings = DirectorySettings<CityRole>;
export type CityDirectory = Directory<CityRole, CityPrincipal>;

/** Undefined when neither CITY_LDAP_URL nor CITY_OIDC_* is set; throws naming the variable that is wrong. */
export const cityDirectoryFromEnv = (env: NodeJS.ProcessEnv): CityDirectorySettings | undefined => directoryFromEnv(env, CITY_ROLE_RANK, 'CITY_');
