/** The folder of the studio page's files (HTML, ES modules, CSS), served as they are. */
export declare const studioPublicDir: string;
