const STORAGE_KEY = 'studio.callStatuses';

/** What a call still ringing or live when the page went away became: the handset that held it is gone. */
const LEFT = {
  ringing: 'not answered: the page was left while it rang',
  answered: 'answered: the page was left during the call',
};

/** The statuses kept in `storage`, or none when there are none or they cannot be read. */
function read(storage) {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) return [];
    return Object.entries(saved).filter(([, status]) => typeof status === 'string');
  } catch {
    return [];
  }
}

/**
 * What the handset did with each placed call (ringing, answered, hung up, declined...), by the
 * call's providerSessionId, kept in `storage` (the tab's sessionStorage) so that the gateway
 * panel still says it after a reload, and a call already rung never rings again. A call that
 * was ringing or live when the page was left says so: the reloaded page does not hold it.
 */
export function createCallStatuses(storage) {
  const statuses = new Map(read(storage).map(([id, status]) => [id, LEFT[status] ?? status]));

  function save() {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(statuses)));
    } catch {
      // Storage full or refused (a private window): the statuses last as long as the page.
    }
  }
  save();

  return {
    get: (id) => statuses.get(id),
    has: (id) => statuses.has(id),
    set(id, status) {
      statuses.set(id, status);
      save();
    },
  };
}
