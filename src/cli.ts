// placeholder replaced by the CLI below
export {};
