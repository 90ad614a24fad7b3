function addFavorite(){try{window.external.addFavorite(location.href,document.title)}catch(e){alert("请使用 Ctrl+D 收藏本站")}}
function openConsult(){location.href="/hdjl/index.html"}
