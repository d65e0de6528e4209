// Live preview for the e-form and process editors (/quan-tri/bieu-mau/:code, /quan-tri/quy-trinh/:code).
// The page works without this script (the "Xem trước" button posts the form); with it, the preview
// follows the typing: the form's data-preview address answers with the new #preview.
(function () {
  var form = document.querySelector('form[data-preview]');
  var text = document.getElementById('definition');
  if (!form || !text || !window.fetch) return;
  var timer = null;
  var sent = 0;
  text.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var body = new URLSearchParams();
      body.set('_csrf', form.querySelector('input[name="_csrf"]').value);
      body.set('definition', text.value);
      var mine = ++sent;
      fetch(form.getAttribute('data-preview'), { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (r) {
          // Anything but the fragment (an ended session's sign-in page, an error page) must not land
          // inside the editor: it would bring a second page frame and take the preview's place for good.
          if (!r.ok || r.redirected) throw new Error('preview answered ' + r.status);
          return r.text();
        })
        .then(function (html) {
          // An answer overtaken by later typing is dropped.
          if (mine !== sent) return;
          var preview = document.getElementById('preview');
          if (preview) preview.outerHTML = html;
        })
        .catch(function () {
          if (mine !== sent) return;
          var preview = document.getElementById('preview');
          if (!preview) return;
          var note = document.createElement('p');
          note.className = 'muted';
          note.textContent =
            'Không cập nhật được phần xem trước (phiên đăng nhập có thể đã hết hạn). Bấm «Xem trước» để xem hoặc đăng nhập lại.';
          preview.replaceChildren(note);
        });
    }, 400);
  });
})();
