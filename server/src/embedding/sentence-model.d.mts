export declare const MAX_TEXT_CHARS: number;
export declare function loadSentenceModel(): Promise<unknown>;
export declare function embedSentences(texts: readonly string[]): Promise<number[][]>;
