// The CMS's shared script: draws a list the search endpoint returned.
function drawList(ul, bar, r) {
  ul.innerHTML = "";
  if (!r.data.length) {
    ul.innerHTML = "<li class=\"none\">暂无信息</li>";
    bar.innerHTML = "共0条记录";
    return;
  }
  r.data.forEach(function (d) {
    var li = document.createElement("li");
    li.innerHTML = "<a href=\"" + d.url + "\" target=\"_blank\">" + d.title + "</a><span>" + d.time + "</span>";
    ul.appendChild(li);
  });
  bar.innerHTML = "共" + r.total + "条记录 第1/1页";
}
