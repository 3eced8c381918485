import { createContext, useContext } from 'react';
import type { Api } from '../api/client';
import type { Host } from '../host/host';

/** The page's host adapter and API client, given once by bootstrap(). */
export interface AppServices {
  host: Host;
  api: Api;
}

export const ServicesContext = createContext<AppServices | null>(null);

/** The host and the API client; only inside a page started by bootstrap(). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside a page started by bootstrap()');
  return services;
}
