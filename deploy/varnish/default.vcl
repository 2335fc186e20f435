vcl 4.1;
# Varnish in front of the newsroom (`make serve-varnish`; Debian's varnish and
# varnish-modules). It shares the pages the site marks `Cache-Control: public` (the same
# bytes for every anonymous reader), passes everything personal, lets concurrent misses of
# one page wait for a single fetch, and drops objects by key.
#
# Listeners (`-a name=address`), told apart by name (`local.socket`):
# - any name but the two below (`http`): readers' plain HTTP;
# - `https`: what the TLS proxy in front decrypted. Its requests, and only its, are https:
#   the scheme is never taken from a header a reader could send. Bind it where only that
#   proxy reaches it (add `,PROXY` when the proxy speaks the PROXY protocol);
# - `purge`: PURGE from the workers, and nothing else. Bind it where only they reach it.
#   With NEWSROOM_PURGE_SECRET in varnishd's environment a purge must carry it
#   (`X-Purge-Secret`, core/purge.py sends it); without, it must come from `purgers`.
#
# How a change reaches it, twice over:
# - PURGE with `xkey-purge: <keys>`, sent after every commit by a Celery task
#   (core/purge.py), retried until delivered: immediate.
# - On every answer the site tells which keys changed since the last answer Varnish saw
#   (`X-Invalidate-Pattern`, against the cursor Varnish sends in `X-Invalidations-Seen`), and
#   Varnish talks to the site at least every half second. So even when no purge can reach
#   it, a retracted article is gone within a second, while pages that did not change stay
#   cached for their whole s-maxage.
#
# Parts every page includes (the «عاجل» alert, core/edge.py) are put in here, by ESI: every
# request tells the site Varnish can (`Surrogate-Capability`), the site marks the pages that
# include a part (`Surrogate-Control: content="ESI/1.0"`), and each part is an object of its
# own under /_edge/, with its own keys. An alert so changes one small object; the pages
# stay cached.
import header;
import std;
import var;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge when no NEWSROOM_PURGE_SECRET is set (on the `purge` listener only).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (local.socket == "purge" || req.method == "PURGE") {
        call newsroom_purge;
    }
    call newsroom_drop_claims;
    call newsroom_origin;
    call newsroom_esi;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Personal: a login session, a commenter's pending comment, a reply form opened without
    # JavaScript, and the admin. (The site answers these `private, no-store` anyway.)
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|comment_pending_[0-9]+)="
        || req.url ~ "[?&]replytocom="
        || req.url ~ "^/admin/") {
        return (pass);
    }
    call newsroom_query;
    # Any parameter but those that make another shared page (page, cpage: `vary_on_query`
    # in the apps) is read by the page it is sent to (search's q, WordPress's p, page_id,
    # attachment_id and feed) or by nothing: the site answers it (from its own page cache
    # when the page is shared), and no query made up outside is stored here.
    if (req.url ~ "[?&](?!(?:cpage|page)=)[^&]") {
        return (pass);
    }
    # Heartbeat: when the site has not been asked anything for half a second, this request
    # goes to it (and hears about every change since).
    if (std.real(var.global_get("contact"), 0) < std.real(time=now) - 0.5) {
        var.global_set("contact", "" + std.real(time=now));
        set req.hash_always_miss = true;
    }
    # Other cookies (the language chosen, a CSRF cookie) go to the site unchanged: a page
    # that reads them is not marked public and is never stored.
    return (hash);
}

# What only the fronts may say, never a reader: Varnish's cursor (the site trusts it to tell
# what changed), the purge secret, the scheme and host claims of proxies, httpoxy's Proxy.
# A header whose name has an underscore is dropped whole: WSGI servers turn `_` and `-` into
# the same environ name (`X_Invalidations_Seen` would be HTTP_X_INVALIDATIONS_SEEN), and
# gunicorn takes a proxy's SCRIPT_NAME header as the prefix of every path and link.
sub newsroom_drop_claims {
    header.regsub(req, "^[^:]*_[^:]*:.*$", "X-Newsroom-Underscored: dropped", true);
    unset req.http.X-Newsroom-Underscored;
    unset req.http.X-Invalidations-Seen;
    unset req.http.X-Purge-Secret;
    unset req.http.Forwarded;
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Forwarded-Port;
    unset req.http.X-Forwarded-Protocol;
    unset req.http.X-Forwarded-Ssl;
    unset req.http.Front-End-Https;
    unset req.http.X-Url-Scheme;
    unset req.http.Proxy;
    unset req.http.Surrogate-Capability;
}

# Varnish puts in the parts pages include (ESI). A part is the same for every reader: its
# request carries no cookie (an include in a logged-in editor's page is the shared object
# too). An include names nothing but a part: any other address in one is refused, whatever
# a page might hold.
sub newsroom_esi {
    set req.http.Surrogate-Capability = "varnish=ESI/1.0";
    if (req.esi_level > 0 && req.url !~ "^/_edge/[a-z0-9-]+/[a-zA-Z-]+/$") {
        return (synth(403, "Forbidden"));
    }
    if (req.url ~ "^/_edge/") {
        unset req.http.Cookie;
    }
}

# The scheme from the listener; the host in one spelling (lower case, no trailing dot, no
# default port), so that one page is one object and its links name the site one way.
sub newsroom_origin {
    if (local.socket == "https") {
        set req.http.X-Forwarded-Proto = "https";
    } else {
        set req.http.X-Forwarded-Proto = "http";
    }
    if (req.http.Host) {
        set req.http.Host = std.tolower(req.http.Host);
        if (req.http.X-Forwarded-Proto == "https") {
            set req.http.Host = regsub(req.http.Host, ":443$", "");
        } else {
            set req.http.Host = regsub(req.http.Host, ":80$", "");
        }
        set req.http.Host = regsub(req.http.Host, "\.+(:[0-9]+)?$", "\1");
    }
}

# PURGE only on the `purge` listener, which answers nothing else: a proxy that forwards
# readers' requests to the others cannot forward a purge. The secret is compared as a
# string: the listener is not public, and the secret is long and random.
sub newsroom_purge {
    if (local.socket != "purge" || req.method != "PURGE") {
        return (synth(405, "Method Not Allowed"));
    }
    if (std.getenv("NEWSROOM_PURGE_SECRET") ~ ".") {
        if (req.http.X-Purge-Secret != std.getenv("NEWSROOM_PURGE_SECRET")) {
            return (synth(403, "Forbidden"));
        }
    } elsif (client.ip !~ purgers) {
        return (synth(403, "Forbidden"));
    }
    if (!req.http.xkey-purge) {
        return (synth(400, "No xkey-purge header"));
    }
    set req.http.n-gone = xkey.purge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.n-gone));
}

# Tracking parameters no page reads (campaign links, click ids) are dropped, so that a
# shared link is the page's one object; the site would ignore them anyway.
sub newsroom_query {
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl)(=|&|$)") {
        set req.url = regsuball(req.url, "([?&])(?:utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl)(?:=[^&]*)?(?=&|$)", "\1");
    }
    # Empty parameters (`?&page=2`, `?page=2&`) are nothing to the site: one spelling.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # Pages carry absolute links: http and https copies are different objects.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    set bereq.http.X-Invalidations-Seen = var.global_get("seen");
}

sub vcl_backend_response {
    # What changed since the last answer: banned (xkey.purge works on client requests only;
    # a ban on the objects' own xkey header applies at once, to every later lookup).
    if (beresp.http.X-Invalidate-All) {
        std.ban("obj.status != 0");
    } elsif (beresp.http.X-Invalidate-Pattern) {
        # No quotes: the ban's parser would take them as part of the expression (the
        # pattern holds no space, so it is one word).
        std.ban("obj.http.xkey ~ " + beresp.http.X-Invalidate-Pattern);
    }
    if (beresp.http.X-Invalidations-Upto) {
        var.global_set("seen", beresp.http.X-Invalidations-Upto);
        var.global_set("contact", "" + std.real(time=now));
    }
    unset beresp.http.X-Invalidate-Pattern;
    unset beresp.http.X-Invalidate-All;
    unset beresp.http.X-Invalidations-Upto;

    # The site says which pages include parts (personal ones too, which are not stored).
    if (beresp.http.Surrogate-Control ~ "ESI/1\.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }

    if (beresp.status != 200 || beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "(^|,)\s*public") {
        # Personal, an error or a redirect: never shared. Remembered for a moment so that
        # requests for it do not wait for one another.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # The TTL comes from the page's s-maxage (the site shortens it before a scheduled
    # article goes live); changes end it earlier, by key.
    if (bereq.url ~ "^/(media|static)/") {
        # Files named after their content: kept as long as the site allows, up to a day.
        if (beresp.ttl > 1d) {
            set beresp.ttl = 1d;
        }
    } elsif (beresp.ttl > 1h) {
        set beresp.ttl = 1h;
    }
    set beresp.grace = 0s;
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    # A page with its parts put in is not the page the site tagged: a reader's copy could
    # not be judged by that tag, and would keep an alert that is gone (or miss a new one).
    if (obj.can_esi) {
        unset resp.http.ETag;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

# A part that cannot be had (the site away) is put in as nothing, never as an error page in
# the middle of another page.
sub vcl_backend_error {
    if (bereq.url ~ "^/_edge/") {
        set beresp.http.Content-Type = "text/html; charset=utf-8";
        set beresp.ttl = 0s;
        synthetic("");
        return (deliver);
    }
}

sub vcl_synth {
    if (req.esi_level > 0) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        synthetic("");
        return (deliver);
    }
}
