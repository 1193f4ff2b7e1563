/** The Klaviyo API endpoints a flow webhook can target, with what the editor needs for each. */
export type EndpointId = 'profile-import' | 'create-event' | 'bulk-create-events';

export interface EndpointInfo {
  id: EndpointId;
  /** Klaviyo's own name for the operation. */
  title: string;
  url: string;
  /** `data.type` of the request body. */
  dataType: string;
  /** Private API key scope the key needs. */
  scope: string;
}

export const KLAVIYO_BASE_URL = 'https://a.klaviyo.com';

export const ENDPOINTS: Record<EndpointId, EndpointInfo> = {
  'profile-import': {
    id: 'profile-import',
    title: 'Create or Update Profile',
    url: `${KLAVIYO_BASE_URL}/api/profile-import`,
    dataType: 'profile',
    scope: 'profiles:write',
  },
  'create-event': {
    id: 'create-event',
    title: 'Create Event',
    url: `${KLAVIYO_BASE_URL}/api/events`,
    dataType: 'event',
    scope: 'events:write',
  },
  'bulk-create-events': {
    id: 'bulk-create-events',
    title: 'Bulk Create Events',
    url: `${KLAVIYO_BASE_URL}/api/event-bulk-create-jobs`,
    dataType: 'event-bulk-create-job',
    scope: 'events:write',
  },
};

export function endpointForDataType(dataType: string): EndpointInfo | undefined {
  return Object.values(ENDPOINTS).find((e) => e.dataType === dataType);
}

/** Matches a Destination URL to an endpoint, ignoring a trailing slash and query string. */
export function endpointForUrl(url: string): EndpointInfo | undefined {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return Object.values(ENDPOINTS).find((e) => e.url === path || path.endsWith(new URL(e.url).pathname));
}
