// Progressive enhancement: a live word count under textareas with data-word-limit.
(function () {
  var script = document.currentScript;
  var label = (script && script.dataset.words) || "";
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.dataset.wordLimit, 10);
    var output = document.getElementById("word-count");
    if (!output) return;
    output.hidden = false;
    function update() {
      var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
      output.textContent = words + " / " + limit + " " + label;
      output.classList.toggle("over-limit", words > limit);
    }
    area.addEventListener("input", update);
    update();
  });
})();
