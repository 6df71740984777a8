// Mocha's globals as @web/test-runner provides them (no @types/mocha is installed).
type FrontdeskAdminTestFn = (this: unknown) => void | Promise<void>;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: FrontdeskAdminTestFn): void;
declare function before(body: FrontdeskAdminTestFn): void;
declare function after(body: FrontdeskAdminTestFn): void;
declare function beforeEach(body: FrontdeskAdminTestFn): void;
declare function afterEach(body: FrontdeskAdminTestFn): void;
