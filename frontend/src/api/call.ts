import type { Host, HostRequest } from '../host/host';
import { networkError, toApiError } from './errors';

/** One REST v1 call through the host adapter: the 2xx body as `T`, or an ApiError. */
export type Call = <T>(request: HostRequest) => Promise<T>;

/** The {@link Call} of a host: a failure to reach the server is a network error, a non-2xx status its ApiError. */
export function createCall(host: Host): Call {
  return async <T>(request: HostRequest): Promise<T> => {
    let response;
    try {
      response = await host.request(request);
    } catch {
      throw networkError();
    }
    if (response.status < 200 || response.status >= 300) throw toApiError(response);
    return response.body as T;
  };
}
