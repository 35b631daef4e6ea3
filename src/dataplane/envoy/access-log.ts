/** envoy.config.accesslog.v3.AccessLog with the file logger App Mesh configures from `logging.accessLog.file`. */

export interface AccessLog {
  name: "envoy.access_loggers.file";
  typed_config: FileAccessLog;
}

export interface FileAccessLog {
  "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog";
  path: string;
  /** Absent: Envoy's default format. */
  log_format?: { text_format_source?: { inline_string: string }; json_format?: Record<string, string> };
}

/** Envoy's default access-log format (config_access_log_default_format). */
export const DEFAULT_ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';
