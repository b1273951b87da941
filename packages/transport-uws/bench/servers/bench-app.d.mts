import type { BoltAPI } from '@bolt/core';
export declare const api: BoltAPI;
