/** The body of every error response from the API. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Field-level validation messages, keyed by property path. */
  fields?: Record<string, string[]>;
}
