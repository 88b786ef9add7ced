/** Whether every package of `root`'s package-lock.json is installed at its locked version. */
export declare function dependenciesInstalled(root: string): boolean;
