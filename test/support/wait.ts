/** Waits `ms` milliseconds of real time (the test clock does not move): for workers, retries and outages. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
