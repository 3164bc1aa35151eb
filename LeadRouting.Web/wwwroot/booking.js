// The booking page /book/{token} (issue 20): the buyer's time zone. The page works without this script (it shows the
// times in the rep's zone with a select and a button); with it, the first visit switches to the browser's zone and
// choosing another zone in the select shows the times at once. A file, not inline: the CSP allows no inline scripts.
(function () {
    'use strict';
    var select = document.getElementById('tz');
    if (!select || !select.form) {
        return;
    }

    select.addEventListener('change', function () {
        select.form.submit();
    });

    var params = new URLSearchParams(window.location.search);
    if (params.has('tz')) {
        return;
    }

    var zone;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
        return;
    }

    if (!zone || zone === select.value) {
        return;
    }

    // Only a zone the select offers (the server checks it again): an unknown one would show the same page again.
    for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) {
            params.set('tz', zone);
            window.location.replace(window.location.pathname + '?' + params.toString());
            return;
        }
    }
})();
