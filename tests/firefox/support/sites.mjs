// Stand-in sites: page requests to the hosts below are answered with a small page, per
// tab (puppeteer's request interception is per page). Nothing else is touched, and the
// background's own fetches never pass through here: they reach the real service.

export const FAKE_HOSTS = [
  "mail.google.com",
  "zoom.us",
  "web.whatsapp.com",
  "calendar.google.com",
  "www.facebook.com",
  "outlook.office.com",
  "teams.microsoft.com",
  "www.google.com",
  "example.org",
  "notzoom.us",
  "zoom.us.example.net",
  "practice.example.net",
];

function isFaked(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol !== "https:") return false;
  return FAKE_HOSTS.some((host) => hostname === host || hostname.endsWith(`.${host}`));
}

/** A plain stand-in page: a heading and one control of its own. */
export function fakePage(title, url) {
  return (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>" +
    `<title>${title}</title></head><body><main><h1>${title}</h1>` +
    `<p>An offline stand-in for ${url.replace(/[<>&'"]/g, "")}</p>` +
    "<button id='page-button'>A control of the page</button></main></body></html>"
  );
}

/**
 * Answer the faked hosts in `page`; `special` maps a host to a page body of its own
 * (the stand-in meeting). Other requests go on unchanged.
 */
export async function serveFakeSites(page, special = {}) {
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (url === MARKER_URL)
      return request.respond({
        status: 200,
        contentType: "text/html",
        body: fakePage("Start", url),
      });
    if (!url.startsWith("https:")) return request.continue();
    const host = new URL(url).hostname;
    const body = special[host] ?? (isFaked(url) ? fakePage("Fake page", url) : null);
    if (body === null) return request.continue();
    return request.respond({ status: 200, contentType: "text/html; charset=utf-8", body });
  });
}

// A page of a host the extension may see (the development hosts of every build) that no
// guidance names: visiting it marks the point from which a tab's records are a test's.
// Its port is never reached (the page is answered here); a high one, as Firefox refuses
// to load the low "unsafe" ports at all.
export const MARKER_URL = "http://127.0.0.1:65534/start";
